// Package tagged has a finding only under the build tag extra.
package tagged
