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


@register()
def check_list_sizes(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    errors = []
    if conf.top_n() < 1:
        errors.append(
            Error(
                f"MATCHING_TOP_N must be at least 1, not {conf.top_n()}.",
                hint="It is how many matches are stored for each request and each student.",
                id="matching.E002",
            )
        )
    if conf.reserve() < 0:
        errors.append(
            Error(
                f"MATCHING_RESERVE must be at least 0, not {conf.reserve()}.",
                hint="It is how many candidates after the stored matches are kept per seeker.",
                id="matching.E003",
            )
        )
    return errors
