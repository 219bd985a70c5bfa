"""The dashboard's shared parts: data access, filters, labels, figures and page furniture."""
