from geoevents.cli import main

main()
