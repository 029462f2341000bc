"""/api/tokens/: personal API tokens. One's own (an admin: everyone's); a token is created only by a
signed-in person (session or JWT), never by another token."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import ApiTokenCreatedOutput, ApiTokenInput, ApiTokenOutput
from accounts.authentication import signed_with_token
from accounts.models import ApiToken
from accounts.selectors import tokens_visible_to
from accounts.services import token_create, token_revoke

TAGS = ["tokens"]


class ApiTokenListApi(generics.ListAPIView):
    serializer_class = ApiTokenOutput
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return tokens_visible_to(user=self.request.user)

    @extend_schema(tags=TAGS, summary="Your API tokens (an admin: everyone's), newest first; never their secrets")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        request=ApiTokenInput,
        responses={201: ApiTokenCreatedOutput},
        summary="Create an API token (the answer holds it, once); needs a session or a JWT, not a token",
    )
    def post(self, request, *args, **kwargs):
        if signed_with_token(request):
            raise PermissionDenied("An API token cannot create tokens: sign in (session or JWT) to create one.")
        data = ApiTokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        token, raw = token_create(user=request.user, **data.validated_data)
        body = ApiTokenCreatedOutput(token).data | {"token": raw}
        return Response(body, status=status.HTTP_201_CREATED)


class ApiTokenDetailApi(APIView):
    @extend_schema(tags=TAGS, responses={204: None}, summary="Revoke an API token (yours; an admin: anyone's)")
    def delete(self, request, pk: int):
        token = get_object_or_404(tokens_visible_to(user=request.user), pk=pk)
        token_revoke(user=request.user, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)
