package broken

func Bad() int { return "not an int" }
