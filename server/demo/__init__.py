"""The demo organisation of 新郑市, drawn from the practice's own report."""
