"""What every layer shares and that depends on no surface: the domain's errors and the
FilterSet fields the selectors apply. Nothing here imports DRF or drf-spectacular, so a
command, a worker or a test loads a service without the API."""
