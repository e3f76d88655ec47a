"""The API's JSON renderer (orjson) writes what DRF's own wrote, for every kind of value a view
or an error hands it."""

import datetime
import decimal
import uuid

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer as DRFRenderer

from backend.api.renderers import JSONRenderer

VALUES = {
    "text": "Svetsare i Örebro",
    "lazy": gettext_lazy("Unknown code: %(value)s."),
    "decimal": decimal.Decimal("15500.50"),
    "aware": datetime.datetime(2027, 3, 1, 8, 30, 15, 123456, tzinfo=datetime.UTC),
    "naive": datetime.datetime(2027, 3, 1, 8, 30),
    "date": datetime.date(2027, 3, 1),
    "time": datetime.time(8, 30),
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "set": {3},
    "tuple": (1, "a"),
    "int keys": {1: "one"},
    "beyond 64 bits": 2**70,
    "nothing": None,
    "float": 0.1,
}


@pytest.mark.parametrize("name", list(VALUES))
def test_each_value_is_written_as_drf_writes_it(name):
    data = {"value": VALUES[name], "count": 1}
    assert JSONRenderer().render(data) == DRFRenderer().render(data)


def test_nesting_too_deep_for_orjson_is_written_by_drf():
    deep: list = []
    for _ in range(300):
        deep = [deep]
    assert JSONRenderer().render(deep) == DRFRenderer().render(deep)
