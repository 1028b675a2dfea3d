"""Running BackCoach as a service: health checks, metrics, and error alerts for its operators."""
