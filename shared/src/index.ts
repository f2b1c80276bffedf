// The pure domain of personalize-bridge. Filled by the domain-model modules.
export {};
