"""The status labels the lists show: as Django's get_<field>_display, in the active language."""

from django.utils import translation

from matching.models import Application, ApplicationEvent, Placement


def test_a_status_reads_as_its_label_in_the_active_language():
    application = Application(status=Application.Status.IN_REVIEW)
    event = ApplicationEvent(to_status=Application.Status.OFFERED)
    with translation.override("en"):
        assert application.get_status_display() == "in review"
        assert event.get_to_status_display() == "offered"
        assert Placement(status=Placement.Status.CONFIRMED).get_status_display() == "confirmed"
    with translation.override("sv"):
        assert application.get_status_display() == "under granskning"


def test_a_value_that_is_no_choice_reads_as_itself():
    assert Application(status="lost").get_status_display() == "lost"
