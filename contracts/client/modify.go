package client

import "context"

// ModifyECR changes an ECR's name and description (empty: unchanged),
// retrying Conflict.Lock with one ClientToken, as Terraform's update does.
func (c *Client) ModifyECR(ctx context.Context, id, name, description string) error {
	const action = "ModifyExpressConnectRouter"
	p := map[string]string{"EcrId": id, "ClientToken": c.Token(action)}
	set(p, "Name", name)
	set(p, "Description", description)
	return c.ecr(ctx, action, p, nil)
}

// CallECR calls any ExpressConnectRouter action with the client's retry
// policy and returns the answer's fields. A mutating call should carry its
// own ClientToken in params.
func (c *Client) CallECR(ctx context.Context, action string, params map[string]string) (map[string]any, error) {
	var out map[string]any
	if err := c.ecr(ctx, action, params, &out); err != nil {
		return nil, err
	}
	return out, nil
}
