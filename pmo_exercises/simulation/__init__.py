"""The simulated portfolio: generation, execution, teaching cast and scenarios."""
