"""TEST HOST: only what the plugin imports from Saleor's GraphQL layer."""
