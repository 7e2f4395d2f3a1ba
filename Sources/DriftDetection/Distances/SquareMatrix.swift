/// A dense square matrix of doubles, row-major, for the few small matrix powers the
/// Kolmogorov distribution needs.
struct SquareMatrix {
    let size: Int
    private(set) var storage: [Double]

    init(size: Int) {
        self.size = size
        self.storage = [Double](repeating: 0, count: size * size)
    }

    static func identity(size: Int) -> SquareMatrix {
        var matrix = SquareMatrix(size: size)
        for i in 0..<size { matrix[i, i] = 1 }
        return matrix
    }

    subscript(row: Int, column: Int) -> Double {
        get { storage[row * size + column] }
        set { storage[row * size + column] = newValue }
    }

    mutating func scale(by factor: Double) {
        for index in storage.indices { storage[index] *= factor }
    }

    static func * (left: SquareMatrix, right: SquareMatrix) -> SquareMatrix {
        let size = left.size
        var product = SquareMatrix(size: size)
        for row in 0..<size {
            for inner in 0..<size {
                let factor = left.storage[row * size + inner]
                if factor == 0 { continue }
                for column in 0..<size {
                    product.storage[row * size + column] += factor * right.storage[inner * size + column]
                }
            }
        }
        return product
    }
}
