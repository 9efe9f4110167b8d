import DaiBaiCore
