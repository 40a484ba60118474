//go:build terraform

package terraform

// configuration is the Terraform configuration the test applies; {endpoint},
// {keyA}/{secretA}/{uidA} and {keyB}/{secretB}/{uidB} are filled with the
// server's address and accounts. var.phase (a, then b) changes every
// updatable argument; var.keep=false removes everything but the physical
// connections, var.pc_status terminates them before the destroy.
const configuration = `
terraform {
  required_providers {
    alicloud = { source = "aliyun/alicloud" }
  }
}

variable "phase" {
  type    = string
  default = "a"
}

variable "keep" {
  type    = bool
  default = true
}

variable "pc_status" {
  type    = string
  default = "Enabled"
}

locals {
  n   = var.keep ? 1 : 0
  ep  = "{endpoint}"
  tag = { env = "test-${var.phase}", team = var.phase == "a" ? "net" : "core" }
  rg  = "rg-ecmock-${var.phase}"
}

provider "alicloud" {
  access_key             = "{keyA}"
  secret_key             = "{secretA}"
  region                 = "cn-hangzhou"
  protocol               = "HTTP"
  skip_region_validation = true
  endpoints {
    vpc        = local.ep
    cbn        = local.ep
    sts        = local.ep
    location   = local.ep
    bssopenapi = local.ep
  }
}

# Account B: grants its transit router to A's ECR.
provider "alicloud" {
  alias                  = "b"
  access_key             = "{keyB}"
  secret_key             = "{secretB}"
  region                 = "cn-hangzhou"
  protocol               = "HTTP"
  skip_region_validation = true
  account_type           = "Domestic"
  endpoints {
    vpc        = local.ep
    cbn        = local.ep
    sts        = local.ep
    location   = local.ep
    bssopenapi = local.ep
  }
}

data "alicloud_account" "this" {}

data "alicloud_express_connect_access_points" "here" {}

resource "alicloud_express_connect_physical_connection" "pc" {
  access_point_id          = data.alicloud_express_connect_access_points.here.points[0].id
  line_operator            = "CT"
  peer_location            = "Hangzhou DC1"
  port_type                = "10GBase-LR"
  physical_connection_name = "pc-${var.phase}"
  description              = "physical connection ${var.phase}"
  status                   = var.pc_status
}

resource "alicloud_express_connect_physical_connection" "pc2" {
  access_point_id          = data.alicloud_express_connect_access_points.here.points[1].id
  line_operator            = "CU"
  peer_location            = "Hangzhou DC2"
  port_type                = "10GBase-LR"
  physical_connection_name = "pc2-${var.phase}"
  status                   = var.pc_status
}

resource "alicloud_express_connect_virtual_border_router" "vbr" {
  count                      = local.n
  physical_connection_id     = alicloud_express_connect_physical_connection.pc.id
  vlan_id                    = 10
  local_gateway_ip           = "10.0.0.1"
  peer_gateway_ip            = "10.0.0.2"
  peering_subnet_mask        = "255.255.255.252"
  virtual_border_router_name = "vbr-${var.phase}"
  description                = "vbr ${var.phase}"
  resource_group_id          = local.rg
  tags                       = local.tag
}

resource "alicloud_express_connect_vbr_pconn_association" "extra" {
  count                  = local.n
  vbr_id                 = alicloud_express_connect_virtual_border_router.vbr[0].id
  physical_connection_id = alicloud_express_connect_physical_connection.pc2.id
  vlan_id                = 20
  local_gateway_ip       = "10.0.1.1"
  peer_gateway_ip        = "10.0.1.2"
  peering_subnet_mask    = "255.255.255.252"
}

resource "alicloud_cen_instance" "cen" {
  count             = local.n
  cen_instance_name = "cen-${var.phase}"
  description       = "cen ${var.phase}"
  resource_group_id = local.rg
  tags              = local.tag
}

resource "alicloud_cen_transit_router" "tr" {
  count                      = local.n
  cen_id                     = alicloud_cen_instance.cen[0].id
  transit_router_name        = "tr-${var.phase}"
  transit_router_description = "tr ${var.phase}"
  tags                       = local.tag
}

resource "alicloud_express_connect_router_express_connect_router" "ecr" {
  count            = local.n
  alibaba_side_asn = 45104
  ecr_name          = "ecr-${var.phase}"
  description       = "ecr ${var.phase}"
  resource_group_id = local.rg
  tags              = local.tag
  regions {
    region_id    = "cn-hangzhou"
    transit_mode = var.phase == "a" ? "ECMP" : "NearBy"
  }
}

resource "alicloud_express_connect_router_tr_association" "tra" {
  count                 = local.n
  ecr_id                = alicloud_express_connect_router_express_connect_router.ecr[0].id
  transit_router_id     = alicloud_cen_transit_router.tr[0].transit_router_id
  cen_id                = alicloud_cen_instance.cen[0].id
  # The API answers TransitRouterOwnerId, and the argument forces a new
  # association when it differs from the configuration: set it.
  transit_router_owner_id = data.alicloud_account.this.id
  association_region_id = "cn-hangzhou"
  allowed_prefixes      = var.phase == "a" ? ["10.0.0.0/16"] : ["10.0.0.0/16", "10.1.0.0/16"]
}

resource "alicloud_cen_transit_router_ecr_attachment" "att" {
  count                                 = local.n
  ecr_id                                = alicloud_express_connect_router_express_connect_router.ecr[0].id
  cen_id                                = alicloud_cen_instance.cen[0].id
  transit_router_id                     = alicloud_cen_transit_router.tr[0].transit_router_id
  ecr_owner_id                          = data.alicloud_account.this.id
  transit_router_ecr_attachment_name    = "att-${var.phase}"
  transit_router_attachment_description = "att ${var.phase}"
  tags                                  = local.tag
  depends_on                            = [alicloud_express_connect_router_tr_association.tra]
}

resource "alicloud_express_connect_router_vbr_child_instance" "child" {
  count                    = local.n
  ecr_id                   = alicloud_express_connect_router_express_connect_router.ecr[0].id
  child_instance_id        = alicloud_express_connect_virtual_border_router.vbr[0].id
  child_instance_type      = "VBR"
  child_instance_region_id = "cn-hangzhou"
  description              = "child ${var.phase}"
}

# A hosted connection of account B over A's connection (A is the partner).
resource "alicloud_express_connect_virtual_physical_connection" "hosted" {
  count                            = local.n
  parent_physical_connection_id    = alicloud_express_connect_physical_connection.pc.id
  vpconn_ali_uid                   = "{uidB}"
  spec                             = "50M"
  order_mode                       = "PayByPhysicalConnectionOwner"
  vlan_id                          = var.phase == "a" ? 30 : 31
  # Name and description force a new hosted connection in the provider;
  # the VLAN is updated in place (UpdateVirtualPhysicalConnection).
  virtual_physical_connection_name = "hosted"
  description                      = "hosted"
}

# Account B grants its transit router to A's ECR.
resource "alicloud_cen_instance" "cen_b" {
  provider          = alicloud.b
  count             = local.n
  cen_instance_name = "cen-b"
}

resource "alicloud_cen_transit_router" "tr_b" {
  provider = alicloud.b
  count    = local.n
  cen_id   = alicloud_cen_instance.cen_b[0].id
}

resource "alicloud_express_connect_router_grant_association" "grant" {
  provider           = alicloud.b
  count              = local.n
  ecr_id             = alicloud_express_connect_router_express_connect_router.ecr[0].id
  ecr_owner_ali_uid  = "{uidA}"
  instance_id        = alicloud_cen_transit_router.tr_b[0].transit_router_id
  instance_region_id = "cn-hangzhou"
  instance_type      = "TR"
}

data "alicloud_express_connect_physical_connections" "all" {
  ids = [alicloud_express_connect_physical_connection.pc.id]
}

data "alicloud_express_connect_virtual_border_routers" "all" {
  ids = alicloud_express_connect_virtual_border_router.vbr[*].id
}

data "alicloud_cen_instances" "all" {
  ids = alicloud_cen_instance.cen[*].id
}

data "alicloud_cen_transit_routers" "all" {
  count  = local.n
  cen_id = alicloud_cen_instance.cen[0].id
}

output "account" {
  value = data.alicloud_account.this.id
}
`
