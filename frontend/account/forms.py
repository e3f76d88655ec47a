from django import forms
from django.utils.translation import gettext_lazy as _

from backend.accounts.models import User
from frontend.forms.common import AccessibleErrorsMixin


class TokenForm(AccessibleErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “HR system”."),
    )


class InviteForm(AccessibleErrorsMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=User.Role.choices)
    is_admin = forms.BooleanField(label=_("Administrator"), required=False)

    def __init__(self, *args, roles: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles


class DomainsForm(AccessibleErrorsMixin, forms.Form):
    domains = forms.CharField(
        label=_("E-mail domains"),
        required=False,
        help_text=_(
            "Separated by spaces, e.g. “elev.orebro.se”. Students with a verified address at "
            "one of them join without waiting for approval."
        ),
    )


class PasswordConfirmForm(AccessibleErrorsMixin, forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Wrong password."))
        return password
