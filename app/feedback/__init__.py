"""Corrected labels ("feedback") for the signal models, kept for retraining."""
