from rest_framework import serializers

from backend.accounts.models import Invitation, Membership, Organisation, PersonalToken, User
from backend.api.serializers import IdRelatedField

DOMAIN_PATTERN = r"^@?([a-zA-Z0-9-]+\.)+[a-zA-Z]{2,}$"


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class MembershipSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    organisation_id = serializers.IntegerField(source="organisation.id")
    kind = serializers.CharField(source="organisation.kind")

    class Meta:
        model = Membership
        fields = ["organisation_id", "organisation", "kind", "is_admin", "status"]


class MeSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "role", "memberships"]


class OrganisationSerializer(serializers.ModelSerializer):
    verified = serializers.BooleanField(source="is_verified", read_only=True)
    email_domains = serializers.SlugRelatedField(many=True, read_only=True, slug_field="domain")

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "verified", "suspended", "email_domains"]
        read_only_fields = fields


class DomainsSerializer(serializers.Serializer):
    # Required, but the service says so once it has checked who asks (403 before 400).
    domains = serializers.ListField(
        child=serializers.RegexField(DOMAIN_PATTERN, max_length=253),
        max_length=20,
        required=False,
    )


class MemberSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    first_name = serializers.CharField(source="user.first_name", read_only=True)
    last_name = serializers.CharField(source="user.last_name", read_only=True)
    role = serializers.CharField(source="user.role", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "organisation",
            "user_id",
            "email",
            "first_name",
            "last_name",
            "role",
            "is_admin",
            "status",
            "created_at",
        ]
        read_only_fields = fields


class InvitationSerializer(serializers.ModelSerializer):
    organisation = IdRelatedField(queryset=Organisation.objects.all())
    invited_by = serializers.EmailField(source="invited_by.email", read_only=True, default=None)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "organisation",
            "email",
            "role",
            "is_admin",
            "invited_by",
            "created_at",
            "expires_at",
        ]
        read_only_fields = ["id", "invited_by", "created_at", "expires_at"]


class InvitationCreatedSerializer(InvitationSerializer):
    url = serializers.CharField(read_only=True, help_text="The link, shown this once.")

    class Meta(InvitationSerializer.Meta):
        fields = [*InvitationSerializer.Meta.fields, "url"]


class InvitationAcceptSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=100)


class PersonalTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonalToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at"]
        read_only_fields = ["id", "prefix", "created_at", "last_used_at"]


class PersonalTokenCreatedSerializer(PersonalTokenSerializer):
    key = serializers.CharField(read_only=True, help_text="Shown this once: store it now.")

    class Meta(PersonalTokenSerializer.Meta):
        fields = [*PersonalTokenSerializer.Meta.fields, "key"]
