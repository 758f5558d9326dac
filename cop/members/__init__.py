"""Members, profiles, council verification, the directory and the member search source.

May import: cop.core, benchmarks (authorities), cop.sitesearch (to register its source). Account
deletion also calls cop.discussions (forget_member, member_data_export) inside its services.
"""
