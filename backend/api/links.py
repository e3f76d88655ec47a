"""OpenAPI links between the operations (a drf-spectacular postprocessing hook).

An operation that answers objects of a collection (`POST /api/v1/opportunities/` the new one,
`GET /api/v1/opportunities/` a page of them, `POST /api/v1/placements/confirm/` a list) links to
every operation on one of them (`/api/v1/opportunities/{id}/…`), with the id taken from the
answer. Clients and stateful schema fuzzing (tests/reliability/test_schema_fuzz.py) follow them.
"""

from typing import Any

PREFIX = "/api/v1/"


def add_links(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict:
    paths, schemas = result["paths"], result["components"]["schemas"]
    consumers = _consumers(paths)
    for path, operations in paths.items():
        collection = _collection(path)
        if collection is None or "{" in path or collection not in consumers:
            continue
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                pointer = _id_pointer(response, schemas) if status.startswith("2") else None
                if pointer is None:
                    continue
                response["links"] = {
                    target_id: {
                        "operationId": target_id,
                        "parameters": {name: f"$response.body#{pointer}"},
                    }
                    for target_id, name in consumers[collection]
                }
    return result


def _collection(path: str) -> str | None:
    """`/api/v1/opportunities/` of any path under it."""
    if not path.startswith(PREFIX):
        return None
    return PREFIX + path[len(PREFIX) :].split("/", 1)[0] + "/"


def _consumers(paths: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """Collection -> (operationId, path parameter) of the operations on one of its objects."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path, operations in paths.items():
        collection = _collection(path)
        rest = path[len(collection) :] if collection else ""
        if not rest.startswith("{") or rest.count("{") != 1:
            continue
        name = rest[1 : rest.index("}")]
        for method, operation in operations.items():
            if method in ("get", "put", "patch", "post", "delete"):
                found.setdefault(collection, []).append((operation["operationId"], name))
    return found


def _id_pointer(response: dict[str, Any], schemas: dict[str, Any]) -> str | None:
    """Where the answer carries an object's id: `/id`, `/results/0/id` or `/0/id`."""
    body = response.get("content", {}).get("application/json", {}).get("schema")
    body = _resolve(body, schemas)
    if body is None:
        return None
    if body.get("type") == "array":
        item = _resolve(body.get("items"), schemas)
        return "/0/id" if item and "id" in item.get("properties", {}) else None
    properties = body.get("properties", {})
    if "id" in properties:
        return "/id"
    results = _resolve(properties.get("results"), schemas)
    if results and results.get("type") == "array":
        item = _resolve(results.get("items"), schemas)
        return "/results/0/id" if item and "id" in item.get("properties", {}) else None
    return None


def _resolve(node: dict[str, Any] | None, schemas: dict[str, Any]) -> dict[str, Any] | None:
    if node and "$ref" in node:
        return schemas.get(node["$ref"].rsplit("/", 1)[1])
    return node
