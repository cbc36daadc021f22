import ARBootstrap

/// The settings the commands read (flags aside): the task's overrides, the process environment,
/// then the configuration file; see ``Settings`` in ARBootstrap, the one place that decides it.
typealias CommandEnvironment = Settings
