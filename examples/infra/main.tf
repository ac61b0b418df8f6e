resource "random_id" "suffix" {
  byte_length = 4
}

resource "aws_s3_bucket" "receipts" {
  bucket = "checkout-receipts-${random_id.suffix.hex}"
}

resource "aws_db_instance" "orders" {
  identifier        = "checkout-orders"
  engine            = "postgres"
  engine_version    = "16.3"
  instance_class    = "db.t4g.medium"
  allocated_storage = 50
  username          = "checkout"
  password          = var.db_password

  lifecycle {
    # Someone resized it in the console once; this "fixed" the diff.
    ignore_changes = all
  }
}

variable "db_password" {
  type      = string
  sensitive = true
}
