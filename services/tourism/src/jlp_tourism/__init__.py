"""Tourism service: the district's scenic spots, their carrying capacity (LB/T 034-2014), timed
real-name tickets sold against a daily quota, gate verification and live visitor flow."""
