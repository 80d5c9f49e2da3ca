"""Live sync, the server side: the one feed reader fanned out to desktops and the /events stream."""
