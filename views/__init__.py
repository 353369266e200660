"""The app's pages: Streamlit drawing only; the data they show comes from ``ui`` and ``assistant``."""
