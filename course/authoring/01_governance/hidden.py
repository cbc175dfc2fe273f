"""Assignment 01, the hidden tests' shared set-up: the key's portfolio, policy and findings."""

# Shared by the hidden tests: the key's portfolio, the kit's policy and its findings.
KEY = """
from pmo_exercises.course import grading
key = grading.key()
_policy = pmo.governance.load_policy()
_p = key.portfolio
_findings = pmo.governance.compliance_check(_p, _policy)
"""
