package org.jrnn.train.schedule;

/** Parameter checks shared by the schedules, so each error names the parameter, its value and what was expected. */
final class ScheduleChecks {
    private ScheduleChecks() {}

    static void nonNegativeFinite(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " is " + value + "; expected a finite value ≥ 0");
        }
    }

    static void positiveFinite(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " is " + value + "; expected a finite value > 0");
        }
    }

    static void inUnitInterval(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " is " + value + "; expected a value in [0, 1]");
        }
    }

    static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " is " + value + "; expected at least " + min);
        }
    }
}
