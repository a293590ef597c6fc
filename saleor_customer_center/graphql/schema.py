"""The customer center's GraphQL schema, composed from one module per area.

Adding an area: write ``graphql/<area>/schema.py`` with a ``<Area>Queries`` and/or
``<Area>Mutations`` class (plain classes holding fields) and list them below.
"""

import graphene

from .access.schema import AccessMutations, AccessQueries
from .companies.schema import CompanyQueries
from .orders.schema import OrderMutations, OrderQueries
from .quotes.schema import QuoteMutations, QuoteQueries
from .staff.schema import StaffMutations, StaffQueries


class Query(
    AccessQueries, CompanyQueries, OrderQueries, QuoteQueries, StaffQueries, graphene.ObjectType
):
    pass


class Mutation(
    AccessMutations, OrderMutations, QuoteMutations, StaffMutations, graphene.ObjectType
):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation if Mutation._meta.fields else None)
