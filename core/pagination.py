"""Page-number pagination for the API: ``?page=`` and ``?page_size=`` (at most 500)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

COUNT_CAP = 10_000


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class _CappedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        # COUNT(*) over a LIMITed subquery: it stops after COUNT_CAP + 1 rows instead of reading them all.
        return self.object_list.order_by()[: COUNT_CAP + 1].count()


class CappedCountPagination(Pagination):
    """For lists over a large and growing table (a row per rule per run): counting every row of the window
    was most of a request's time (45 of 58 ms at 200,000 quality results). ``count`` is exact up to 10,000;
    above, it says 10,000 and ``count_capped`` is true, and the pages stop there: narrow the filters (or use
    the export) to go further."""

    django_paginator_class = _CappedPaginator

    def get_paginated_response(self, data):
        count = self.page.paginator.count
        return Response(
            {
                "count": min(count, COUNT_CAP),
                "count_capped": count > COUNT_CAP,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["properties"]["count"]["description"] = f"Exact up to {COUNT_CAP:,}; at most {COUNT_CAP:,}."
        described["properties"]["count_capped"] = {
            "type": "boolean",
            "description": f"True when more than {COUNT_CAP:,} rows match: the count and the pages stop there.",
        }
        described["required"].append("count_capped")
        return described
