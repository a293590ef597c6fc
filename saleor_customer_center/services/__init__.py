"""Business rules. Called by graphql/, web/ and tasks alike; never imports them."""
