# Terraform end-to-end test (e2e/terraform, build tag terraform): Terraform
# 1.11 and the alicloud provider built from source against an in-process
# ecmock. TF_PROVIDER_DIR holds terraform-provider-alicloud(.gz) (in CI: the
# copy of shared/ beside the repository); TERRAFORM is the terraform binary.
# Without either the target says so and succeeds (skipped), so `make test`
# can always depend on it. The unpacked provider lives in .cache/terraform/
# (git-ignored; never commit it).

TF_PROVIDER_DIR ?= ../shared/terraform
TERRAFORM       ?= $(shell command -v terraform 2>/dev/null)

.PHONY: test-terraform

## test-terraform: apply, plan (no drift), update, plan, destroy with Terraform against ecmock
test-terraform: $(TESTREPORT)
	@if [ -z "$(TERRAFORM)" ] || [ ! -x "$(TERRAFORM)" ]; then \
	  echo "test-terraform: skipped: terraform is not installed (set TERRAFORM=/path/to/terraform)"; exit 0; fi; \
	if [ ! -e "$(TF_PROVIDER_DIR)/terraform-provider-alicloud.gz" ] && [ ! -e "$(TF_PROVIDER_DIR)/terraform-provider-alicloud" ]; then \
	  echo "test-terraform: skipped: no terraform-provider-alicloud(.gz) in $(TF_PROVIDER_DIR) (set TF_PROVIDER_DIR)"; exit 0; fi; \
	TERRAFORM="$(TERRAFORM)" ECMOCK_TF_PROVIDER_DIR="$(abspath $(TF_PROVIDER_DIR))" \
	  $(TESTREPORT) -tally $(TALLY) -- $(GO) test -json -tags terraform -count=1 -timeout 15m -run TestTerraformApplyUpdateDestroy ./e2e/terraform/
