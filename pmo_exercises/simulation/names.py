"""Word pools for the fictional company: people, projects, tasks, risks.

Plain data, kept apart so that the generator reads as logic. Everything here
is fictional.
"""

from __future__ import annotations

COMPANY = "Norbridge Industries"
CURRENCY = "EUR"

FIRST_NAMES = (
    "Amira",
    "Bastien",
    "Chloé",
    "Daniel",
    "Elena",
    "Farid",
    "Greta",
    "Hugo",
    "Inès",
    "Jonas",
    "Karima",
    "Lucas",
    "Maya",
    "Nils",
    "Olivia",
    "Pierre",
    "Quentin",
    "Rania",
    "Sofia",
    "Tomas",
    "Ulla",
    "Victor",
    "Wen",
    "Xavier",
    "Yasmine",
    "Zoé",
)
LAST_NAMES = (
    "Achard",
    "Berger",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fontaine",
    "García",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Klein",
    "Laurent",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petit",
    "Rossi",
    "Schmidt",
    "Traoré",
    "Urban",
    "Vidal",
    "Weber",
    "Yilmaz",
    "Zimmer",
)

#: (role_id, name, day rate)
ROLES = (
    ("BA", "Business analyst", 650.0),
    ("ARC", "Solution architect", 950.0),
    ("DEV", "Developer", 700.0),
    ("QA", "Test engineer", 600.0),
    ("DATA", "Data engineer", 800.0),
    ("INF", "Infrastructure engineer", 750.0),
    ("SEC", "Security specialist", 1100.0),
    ("CHG", "Change and training lead", 620.0),
    ("PROC", "Procurement officer", 550.0),
)
#: The experts every project wants and nobody has enough of.
SCARCE_ROLES = ("ARC", "SEC")
#: Share of the planned peak load each pool is staffed for (scarce experts apart).
POOL_SHARE = 0.9
SCARCE_SHARE = 0.6
#: Share of a person's week that projects get (the rest is run and support work).
AVAILABILITY = 0.8

#: (objective_id, name, weight, description)
OBJECTIVES = (
    ("OBJ-GROW", "Grow recurring revenue", 0.30, "Win and keep customers on service contracts."),
    (
        "OBJ-COST",
        "Cut operating cost",
        0.25,
        "Lower the cost to serve by automating and consolidating.",
    ),
    ("OBJ-COMP", "Stay compliant", 0.20, "Meet every regulatory obligation on time."),
    ("OBJ-CX", "Delight customers", 0.15, "Faster, simpler service in every channel."),
    ("OBJ-ESG", "Reduce our footprint", 0.10, "Less energy, less waste, greener suppliers."),
)

#: Project names by kind, the first twelve used by the teaching portfolio.
PROJECT_TOPICS = {
    "digital": (
        "Customer Portal Relaunch",
        "Mobile Field Service App",
        "Executive Dashboard Revamp",
        "Self-Service Billing",
        "Chatbot for Support",
        "E-commerce Checkout Redesign",
    ),
    "infrastructure": (
        "ERP Migration to Cloud",
        "Data Centre Consolidation",
        "Warehouse Automation",
        "Network Refresh",
        "Plant Energy Metering",
    ),
    "product": (
        "Smart Sensor Product Line",
        "Predictive Maintenance Service",
        "Spare Parts Marketplace",
        "Connected Pump Range",
    ),
    "regulatory": (
        "GDPR Data Retention",
        "Cybersecurity Hardening",
        "E-invoicing Mandate",
        "Product Safety Traceability",
    ),
    "process": (
        "Supplier Onboarding Automation",
        "Sales Process Redesign",
        "Month-End Close Acceleration",
        "Lean Warehouse Picking",
    ),
    "market": (
        "Market Entry: Nordics",
        "Channel Partner Programme",
        "Brand Refresh",
        "Market Entry: Iberia",
    ),
}

#: Kind -> objective ids it most naturally serves, in order of fit.
KIND_OBJECTIVES = {
    "digital": ("OBJ-CX", "OBJ-GROW"),
    "infrastructure": ("OBJ-COST", "OBJ-ESG"),
    "product": ("OBJ-GROW", "OBJ-CX"),
    "regulatory": ("OBJ-COMP", "OBJ-COST"),
    "process": ("OBJ-COST", "OBJ-CX"),
    "market": ("OBJ-GROW", "OBJ-CX"),
}

#: Lifecycle phases of a project's tasks: (phase, ((task name, lead role), ...)).
#: A name listed twice is drawn twice as often.
PHASES = (
    (
        "Initiate",
        (
            ("Stakeholder interviews", "BA"),
            ("Current-state assessment", "BA"),
            ("Vendor market scan", "PROC"),
            ("Business requirements", "BA"),
            ("Feasibility study", "ARC"),
        ),
    ),
    (
        "Analyse",
        (
            ("Process mapping", "BA"),
            ("Data inventory", "DATA"),
            ("Requirements workshop", "BA"),
            ("Gap analysis", "BA"),
            ("Security requirements", "SEC"),
            ("Non-functional requirements", "ARC"),
        ),
    ),
    (
        "Design",
        (
            ("Solution architecture", "ARC"),
            ("Data model", "DATA"),
            ("Integration design", "ARC"),
            ("Threat model", "SEC"),
            ("Supplier selection", "PROC"),
            ("User experience design", "BA"),
            ("Infrastructure design", "ARC"),
        ),
    ),
    (
        "Build",
        (
            ("Build core module", "DEV"),
            ("Build interfaces", "DEV"),
            ("Build user screens", "DEV"),
            ("Data migration scripts", "DATA"),
            ("Environment set-up", "INF"),
            ("Configure platform", "DEV"),
            ("Build reports", "DEV"),
            ("Hardware install", "INF"),
            ("Access and identity set-up", "SEC"),
        ),
    ),
    (
        "Test",
        (
            ("System test", "QA"),
            ("Integration test", "QA"),
            ("Regression test", "QA"),
            ("Performance test", "QA"),
            ("Security test", "SEC"),
            ("User acceptance test", "QA"),
            ("Defect fixing", "DEV"),
        ),
    ),
    (
        "Deploy",
        (
            ("Cut-over rehearsal", "INF"),
            ("Go-live preparation", "INF"),
            ("Pilot roll-out", "CHG"),
            ("Site roll-out", "INF"),
            ("Hypercare", "DEV"),
            ("Communication campaign", "CHG"),
        ),
    ),
    (
        "Close",
        (
            ("Training sessions", "CHG"),
            ("Handover to operations", "BA"),
            ("Lessons learned", "CHG"),
            ("Benefits tracking set-up", "BA"),
        ),
    ),
)

#: Risk titles by category.
RISK_TITLES = {
    "technical": (
        "Integration defects higher than expected",
        "Legacy data quality worse than assumed",
        "Performance targets missed under load",
        "Platform upgrade breaks customisations",
    ),
    "resource": (
        "Key expert unavailable when needed",
        "Team attrition during build",
        "Shared architect over-booked",
    ),
    "supplier": (
        "Supplier delivers late",
        "Supplier changes its pricing",
        "Hardware lead times slip",
    ),
    "regulatory": ("Regulation changes the scope", "Audit finds a compliance gap"),
    "financial": ("Licence costs rise", "Currency moves raise import costs"),
    "scope": ("Requirements change late", "Stakeholders add features mid-build"),
}
OPPORTUNITY_TITLES = (
    "Reuse a component from another project",
    "Vendor offers an early-adopter discount",
    "Automated tests cut the test phase",
    "Pilot site volunteers to go early",
    "Cloud credits cover the environments",
)
