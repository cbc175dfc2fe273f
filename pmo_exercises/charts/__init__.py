"""Charts: plotly figures of the planning and tracking analytics.

Every function takes the tables that the analytics return, draws them and
returns a :class:`plotly.graph_objects.Figure`; it never shows it (display it
in a notebook, or call ``fig.show()``) and computes no PMO figure itself.
plotly is imported inside the functions, so ``import pmo_exercises.charts``
stays light.

- :func:`gantt`: a schedule on a time axis, the critical path in red;
- :func:`network_diagram`: the dependency network, activity on node;
- :func:`s_curve`: PV, EV and AC week by week, with the EAC projection;
- :func:`resource_histogram`: a role's weekly demand against its capacity;
- :func:`pi_heatmap`, :func:`mc_histogram`, :func:`mc_cdf`, :func:`tornado`:
  the risk register's PI matrix and a Monte Carlo analysis.
"""

from __future__ import annotations

from .gantt import gantt
from .network import network_diagram
from .resources import resource_histogram
from .risk import mc_cdf, mc_histogram, pi_heatmap, tornado
from .scurve import s_curve
from .strategy import capacity_effect_chart, capacity_heatmap, frontier_chart, score_chart
from .style import BASELINE, CRITICAL, RAG_COLOURS

__all__ = [
    "BASELINE",
    "CRITICAL",
    "RAG_COLOURS",
    "capacity_effect_chart",
    "capacity_heatmap",
    "frontier_chart",
    "gantt",
    "mc_cdf",
    "mc_histogram",
    "network_diagram",
    "pi_heatmap",
    "resource_histogram",
    "s_curve",
    "score_chart",
    "tornado",
]
