#include "motis_plan.h"
