"""Investment service (招商): investors, the project pipeline, land and building sites, matching, funnel."""
