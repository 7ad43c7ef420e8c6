package constructor // want package:`lockorder\(Client.mu->Config.mu Pool.mu->Conn.mu Conn.mu->Pool.mu\)`

import "sync"

type Config struct {
	mu   sync.Mutex
	addr string
}

type Client struct {
	mu      sync.Mutex
	config  *Config
	headers map[string]string
}

// Not a bug: NewClient holds the config's lock while it fills in a client
// nobody else can see yet; no goroutine can hold client.mu and wait for
// c.mu.
func NewClient(c *Config) *Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	client := &Client{config: c, headers: make(map[string]string)}
	client.AddHeader("addr", c.addr)
	return client
}

func (c *Client) AddHeader(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.headers[k] = v
}

func (c *Client) SetAddr(a string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.config.mu.Lock()
	defer c.config.mu.Unlock()
	c.config.addr = a
}

type Pool struct {
	mu    sync.Mutex
	conns []*Conn
}

type Conn struct {
	mu   sync.Mutex
	pool *Pool
	n    int
}

// Still a bug: the new connection is handed to a goroutine before its lock
// is taken under the pool's, so the goroutine can hold conn.mu and wait
// for p.mu.
func (p *Pool) Dial() *Conn {
	p.mu.Lock()
	defer p.mu.Unlock()
	conn := &Conn{pool: p}
	go conn.keepAlive()
	conn.mu.Lock()
	conn.n++
	conn.mu.Unlock()
	p.conns = append(p.conns, conn)
	return conn
}

func (c *Conn) keepAlive() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pool.mu.Lock() // want `lock order inversion: c.pool.mu is acquired while holding c.mu \(line \d+\), and \(\*Pool\).Dial locks them in the opposite order`
	c.pool.mu.Unlock()
}
