/* The "pci" test kernel, for tests/unit/test_pci.c: PCI as dev -p walks
 * it (drivers/pci/probe.c): pci_root_buses with one root bus 0000:00
 * holding a host bridge (plain PCI, header type 0), a PCIe root port
 * (PCI_EXP_TYPE_ROOT_PORT) and, on the bus below the port (0000:01, a
 * child of the root bus), a PCIe endpoint. */
#include "tk_kernel.h"

struct kobject { const char *name; };
struct device { struct kobject kobj; void *parent; };

struct pci_bus {
	struct list_head node;
	struct pci_bus *parent;
	struct list_head children;
	struct list_head devices;
	unsigned char number;
	struct device dev;
};

struct pci_dev {
	struct list_head bus_list;
	struct pci_bus *bus;
	unsigned int devfn;
	unsigned short vendor, device;
	unsigned int class;
	u8 hdr_type;
	u8 pcie_cap;
	u16 pcie_flags_reg;
	struct device dev;
};

extern struct pci_bus bus0, bus1;
extern struct pci_dev host, port, nvme;
struct list_head pci_root_buses = LIST_NODE(&bus0.node, &bus0.node);
__direct char n_bus0[] = "0000:00", n_bus1[] = "0000:01", n_host[] = "0000:00:00.0",
	      n_port[] = "0000:00:1c.0", n_nvme[] = "0000:01:00.0";
__direct struct pci_bus bus0 = {
	.node = LIST_NODE(&pci_root_buses, &pci_root_buses),
	.children = LIST_NODE(&bus1.node, &bus1.node),
	.devices = LIST_NODE(&host.bus_list, &port.bus_list),
	.dev = { .kobj = { .name = n_bus0 } },
};
__direct struct pci_bus bus1 = {
	.node = LIST_NODE(&bus0.children, &bus0.children),
	.parent = &bus0, .number = 1,
	.children = LIST_NODE(&bus1.children, &bus1.children),
	.devices = LIST_NODE(&nvme.bus_list, &nvme.bus_list),
	.dev = { .kobj = { .name = n_bus1 } },
};
__direct struct pci_dev host = {
	.bus_list = LIST_NODE(&port.bus_list, &bus0.devices), .bus = &bus0,
	.vendor = 0x8086, .device = 0x1237, .class = 0x060000, .dev = { .kobj = { .name = n_host } },
};
__direct struct pci_dev port = {
	.bus_list = LIST_NODE(&bus0.devices, &host.bus_list), .bus = &bus0, .devfn = 0x1c << 3,
	.vendor = 0x8086, .device = 0xa110, .class = 0x060400, .hdr_type = 1, .pcie_cap = 0x40,
	.pcie_flags_reg = 0x4 << 4 | 2, .dev = { .kobj = { .name = n_port } },
};
__direct struct pci_dev nvme = {
	.bus_list = LIST_NODE(&bus1.devices, &bus1.devices), .bus = &bus1,
	.vendor = 0x144d, .device = 0xa808, .class = 0x010802, .pcie_cap = 0x70, .pcie_flags_reg = 2,
	.dev = { .kobj = { .name = n_nvme } },
};
