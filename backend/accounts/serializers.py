from rest_framework import serializers

from backend.accounts.models import Membership, User


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
