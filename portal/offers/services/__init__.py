"""Job offers: a recruiter's structure writes, publishes, closes and duplicates them; the association may withdraw one.

publishing: what a structure and the association do to offers; search: what the public finds (criteria, the
search, an offer's page, the lists of open offers); applications: candidates apply, recruiters answer; proposals:
offers sent to CV-thèque candidates. Callers import this package; its modules import each other directly.
"""

from portal.offers.services.applications import (ApplicationRefused, application_of, applications_of,
                                                 applications_to, apply, set_status, withdraw)
from portal.offers.services.proposals import (PROPOSAL_MESSAGE, ProposalRefused, apply_from_proposal,
                                              decline_proposal, own_proposal, proposable_offers, propose_offer,
                                              proposals_for, proposals_to, unanswered_proposals)
from portal.offers.services.publishing import (DEFAULT_DAYS, EDITABLE_FIELDS, OfferRefused, close_offer,
                                               create_offer, default_expiry, duplicate_offer, offers_of, own_offer,
                                               publish_offer, unpublish_offer, update_offer)
from portal.offers.services.search import (EMPLOYMENT_TYPES, FACETS, OFFER_CARD, PER_PAGE, OfferCriteria, OfferPage,
                                           job_posting, latest_offers, open_offers_for_metier, open_offers_query,
                                           public_offer, search_offers, similar_offers)

__all__ = [
    "DEFAULT_DAYS", "EDITABLE_FIELDS", "EMPLOYMENT_TYPES", "FACETS", "OFFER_CARD", "PER_PAGE", "PROPOSAL_MESSAGE",
    "ApplicationRefused", "OfferCriteria", "OfferPage", "OfferRefused", "ProposalRefused", "application_of",
    "applications_of", "applications_to", "apply", "apply_from_proposal", "close_offer", "create_offer",
    "decline_proposal", "default_expiry", "duplicate_offer", "job_posting", "latest_offers", "offers_of",
    "open_offers_for_metier", "open_offers_query", "own_offer", "own_proposal", "proposable_offers",
    "propose_offer", "proposals_for", "proposals_to", "public_offer", "publish_offer", "search_offers",
    "set_status", "similar_offers", "unanswered_proposals", "unpublish_offer", "update_offer", "withdraw",
]
