"""Digital Divide Atlas: everything that is not UI.

Data flows one way: sources -> build -> store -> pages.
"""
