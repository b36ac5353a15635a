"""orgkit — validate, render and publish the orgtemplates library (组织架构模板库)."""

__version__ = "0.1.0"
