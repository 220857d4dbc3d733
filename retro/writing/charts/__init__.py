"""The month's and the year's pictures: self-contained SVG that says what it shows.

    month  a cell a day and a bar a repository
    year   53 weeks of cells and the months' bars
"""
