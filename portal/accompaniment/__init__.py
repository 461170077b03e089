"""Accompaniment: requests for help and partners' referrals, the coaches' records and pathways, the person's view."""
