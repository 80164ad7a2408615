"""Samples and customer confirmations (打样 / 送样): requests, rounds, steps, results."""
