"""Evaluation: retrieval quality on BEIR datasets and answer quality on question files (`paperchat eval`)."""
