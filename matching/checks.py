"""System checks: the app refuses to start with weights the engine would refuse later."""

from django.core.checks import CheckMessage, Error, register

from matching import conf
from matching.engine import validate_weights


@register()
def check_weights(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    try:
        validate_weights(conf.weights())
    except (TypeError, ValueError, AttributeError) as error:
        return [
            Error(
                f"MATCHING_WEIGHTS is not usable: {error}",
                hint="Give a finite weight ≥ 0 to each of the engine's components "
                "(see DEFAULT_WEIGHTS in matching/engine/scoring.py).",
                id="matching.E001",
            )
        ]
    return []


# Each list size: its setting, its smallest value, what it is, the error's id.
LIST_SIZES = (
    ("MATCHING_TOP_N", conf.top_n, 1, "how many matches are stored for each seeker", "E002"),
    ("MATCHING_RESERVE", conf.reserve, 0, "how many candidates follow them, kept", "E003"),
)


@register()
def check_list_sizes(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    return [
        Error(
            f"{name} must be at least {least}, not {size()}.",
            hint=f"It is {what}.",
            id=f"matching.{code}",
        )
        for name, size, least, what, code in LIST_SIZES
        if size() < least
    ]
