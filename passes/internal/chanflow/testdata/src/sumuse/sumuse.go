package sumuse

import "sum"

// Via uses another package's summaries through facts.
func Via(ch chan int) { // want Via:"chanflow\\(p0=recvs\\|sendsInGo\\)"
	sum.Spawn(ch)
	sum.Drain(ch)
}
