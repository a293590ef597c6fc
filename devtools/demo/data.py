"""The demo's logins, shown on its start page and created by ``seed_demo``."""

DEMO_PASSWORD = "demo-Pass-2026"

DEMO_LOGINS = [
    {"email": "owner@alpine.example", "who": "Alpine Tools: Owner (L90)"},
    {"email": "admin@alpine.example", "who": "Alpine Tools: Admin (L80)"},
    {"email": "billing@alpine.example", "who": "Alpine Tools: Billing (L40)"},
    {
        "email": "buyer@alpine.example",
        "who": "Alpine Tools: Orders + Prices (L30), budget 945 of 1,000 USD spent; "
        "also Admin (L80) of Baltic Supplies (two companies)",
    },
    {"email": "orders@alpine.example", "who": "Alpine Tools: Orders (L20), sees no prices"},
    {"email": "basic@alpine.example", "who": "Alpine Tools: Basic (L10)"},
    {"email": "owner@baltic.example", "who": "Baltic Supplies: Owner (L90)"},
]

STAFF_LOGIN = {
    "email": "staff@shop.example",
    "password": DEMO_PASSWORD,
    "who": "shop operator (Saleor staff with MANAGE_USERS and MANAGE_PLUGINS)",
}

ACTIVATION_EXAMPLES = [
    {
        "customer_number": "C10003",
        "invoice_number": "INV-30001",
        "email": "main@coastal.example",
        "what": "Coastal Retail: customer center, no admin yet",
    },
    {
        "customer_number": "C10004",
        "invoice_number": "INV-40001",
        "email": "main@delta.example",
        "what": "Delta Crafts: no customer center (business user)",
    },
]
