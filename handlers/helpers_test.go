package handlers

import (
	"time"

	"github.com/PuerkitoBio/goquery"

	"imsetup/internal/config"
)

type goqSel = goquery.Selection

type time_ = time.Time

const second = time.Second

func roleMode(s string) config.RoleMode { return config.RoleMode(s) }
