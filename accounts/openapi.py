"""The API tokens' security scheme in the OpenAPI document (drf-spectacular finds it on import)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "slu_<prefix>_<secret>",
            "description": "A personal API token (created on the API tokens page or POST /api/tokens/).",
        }
