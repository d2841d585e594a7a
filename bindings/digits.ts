// The digit task's numbers, in one place: the image the network reads and the classes it tells apart.
// The preprocessing recipe, the model files, the CLI and the page all take them from here.

/** MNIST's images are 28x28. */
export const IMAGE_SIDE = 28;
export const INPUTS = IMAGE_SIDE * IMAGE_SIDE;
/** The digits 0-9. */
export const CLASSES = 10;
/** MNIST fits each digit's ink box into 20x20 before centring it by mass in 28x28. */
export const DIGIT_BOX = 20;
/** How a model file describes the preprocessing its network expects. */
export const PREPROCESSING = "mnist: grayscale, ink bright on black, ink box scaled to 20 px, centred by mass in 28x28, pixels/255";
