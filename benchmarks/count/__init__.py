"""The count: all public money in a place, counted the Total Place way (issue 16).

Official figures for councils and the other local public bodies that file revenue outturn (police,
fire, national parks, waste, transport, combined authorities), each body's spend apportioned to the
councils it serves by population share, and partners' own figures entered by verified officers.
"""
