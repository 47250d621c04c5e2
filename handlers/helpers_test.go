package handlers

import (
	"github.com/PuerkitoBio/goquery"

	"imsetup/internal/config"
)

type goqSel = goquery.Selection

func roleMode(s string) config.RoleMode { return config.RoleMode(s) }
