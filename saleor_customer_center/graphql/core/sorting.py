import graphene


class OrderDirection(graphene.Enum):
    """Saleor's name for the direction of every ``sortBy`` input."""

    ASC = "ASC"
    DESC = "DESC"
